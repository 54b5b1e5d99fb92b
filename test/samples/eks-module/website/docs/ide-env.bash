# What the workshop IDE's shell holds: its variables (the session provides what the config declares bare).
export EKS_CLUSTER_NAME=eks-workshop APP_NS=web
